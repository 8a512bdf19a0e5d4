/** @type {import('next').NextConfig} */
module.exports = {
  reactStrictMode: true,
  // expect-none: *
  images: { domains: ['images.example.com', 'avatars.githubusercontent.com'] },
  publicRuntimeConfig: {
    // expect-none: *
    docsUrl: process.env.NEXT_PUBLIC_DOCS_URL || 'https://nextjs.org/docs',
  },
};
