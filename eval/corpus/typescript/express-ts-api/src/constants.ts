// expect-none: *
export const JWT_ALGORITHM = 'RS256';

// The verification half of the key pair: public by design.
// expect-none: config
export const JWT_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo
4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u
+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyeh
kd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ
0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdg
cKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbc
mwIDAQAB
-----END PUBLIC KEY-----`;

// expect-none: config
export const GOOGLE_CLIENT_ID = '508170227461-6q8v0t2b1f9d3k7hq4m2c5e8r1s0u3vn.apps.googleusercontent.com';

// expect-none: *
export const PASSWORD_RESET_PATH = '/account/reset-password';

// expect-none: *
export const TOKEN_HEADER = 'x-auth-token';

// Subresource integrity for the status widget's script tag.
// expect-none: *
export const WIDGET_INTEGRITY = 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC';

// Stripe's documented test card, shown on the sandbox checkout page.
// expect-none: *
export const SANDBOX_CARD = '4242 4242 4242 4242';

// expect-none: *
export const SECRET_MANAGER_PREFIX = 'arn:aws:secretsmanager:';
