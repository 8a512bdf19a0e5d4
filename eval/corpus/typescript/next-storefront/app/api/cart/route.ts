import { cookies } from 'next/headers';
import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

type Cart = { items: { sku: string; qty: number }[] };

// expect: processes/no-module-level-cache
const carts = new Map<string, Cart>();

export async function POST(request: Request) {
  const { sku, qty } = (await request.json()) as { sku: string; qty: number };
  const product = await prisma.product.findUnique({ where: { sku } });
  if (!product) return NextResponse.json({ error: 'unknown sku' }, { status: 404 });
  const cartId = cookies().get('cart')?.value ?? crypto.randomUUID();
  const cart = carts.get(cartId) ?? { items: [] };
  cart.items.push({ sku, qty });
  carts.set(cartId, cart);
  const res = NextResponse.json(cart);
  res.cookies.set('cart', cartId, { httpOnly: true, sameSite: 'lax' });
  return res;
}
