// expect: codebase/no-host-branching
export const expressCheckout = process.env.RENDER_SERVICE_NAME === 'storefront-eu';

// expect-none: *
export const showBetaBanner = process.env.NEXT_PUBLIC_BETA_BANNER === 'true';
