export const config = {
  // expect-none: config
  jwtSecret: process.env.JWT_SECRET ?? 'dev-secret-change-me',
  // expect-none: config
  paymentsApi: 'https://api.stripe.com/v1',
  // expect: config/no-hardcoded-url | backing-services/no-fixed-host
  usersService: 'http://users.prod.svc.cluster.local:8080',
  // expect-none: *
  requestTimeoutMs: 10_000,
  // expect-none: *
  retryStatusCodes: [502, 503, 504],
  // expect: config/no-hardcoded-url | backing-services/no-fixed-host
  queueUrl: 'https://sqs.eu-west-1.amazonaws.com/491722350615/gateway-events-prod',
  // expect-none: *
  oauthClientId: 'gateway-web',
};
