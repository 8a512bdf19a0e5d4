import { NextRequest, NextResponse } from 'next/server';

export function middleware(req: NextRequest) {
  // Routing by the host the customer asked for (one storefront per brand), not by machine.
  // expect-none: codebase
  if (req.nextUrl.hostname === 'outlet.acme-store.io') {
    return NextResponse.rewrite(new URL(`/outlet${req.nextUrl.pathname}`, req.url));
  }
  return NextResponse.next();
}

// expect-none: *
export const config = { matcher: ['/((?!api|_next/static|favicon.ico).*)'] };
