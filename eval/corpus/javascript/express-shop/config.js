'use strict';

module.exports = {
  // expect: backing-services/no-fixed-host | config/no-hardcoded-url
  mongoUri: 'mongodb://localhost:27017/shop',
  // expect-none: *
  redisUrl: process.env.REDIS_URL || 'redis://localhost:6379',
  // expect: config/no-hardcoded-secret
  stripeSecretKey: 'sk_live_51Nq8rT8j4twHbXpvh5Iu4cKisXHIPa',
  // expect-none: config
  stripePublishableKey: 'pk_live_51Nq8rT13G7l7GgJjafV3kULBorkZ9t',
  // expect-none: *
  stripeWebhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
  // expect-none: *
  currency: process.env.SHOP_CURRENCY || 'eur',
  // expect-none: *
  supportUrl: 'https://help.example.com/shop',
  // expect-none: *
  taxRates: { DE: 0.19, FR: 0.2, NL: 0.21 },
};
