import { NextRequest, NextResponse } from 'next/server';
import { search } from '@/lib/search';

// expect-none: *
export const revalidate = 60;

export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams.get('q') ?? '';
  const result = await search.search({ index: 'products', query: { match: { title: q } }, size: 20 });
  return NextResponse.json(result.hits.hits.map((h) => h._source));
}
