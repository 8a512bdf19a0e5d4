import { writeFile } from 'fs/promises';
import path from 'path';
import { NextResponse } from 'next/server';

export async function POST(request: Request) {
  const form = await request.formData();
  const file = form.get('file') as File | null;
  // expect-none: *
  if (!file) return NextResponse.json({ error: 'file missing' }, { status: 400 });
  const bytes = Buffer.from(await file.arrayBuffer());
  const name = `${Date.now()}-${file.name.replace(/[^\w.-]/g, '_')}`;
  // expect: processes/no-local-uploads
  await writeFile(path.join(process.cwd(), 'public', 'uploads', name), bytes);
  return NextResponse.json({ url: `/uploads/${name}` }, { status: 201 });
}
