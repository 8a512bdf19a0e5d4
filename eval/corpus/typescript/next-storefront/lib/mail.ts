import nodemailer from 'nodemailer';

export const mailer = nodemailer.createTransport({
  // expect: backing-services/no-fixed-host | config/no-hardcoded-url
  host: 'smtp.mailgun.org',
  // expect-none: *
  port: 587,
  auth: {
    // expect-none: config/no-hardcoded-secret
    user: 'postmaster@mg.acme-store.io',
    // expect: config/no-hardcoded-secret
    pass: '2FwNe6PM2KJsdpLD014kk55D9wqngEZA',
  },
});

export async function sendOrderConfirmation(to: string, orderId: string): Promise<void> {
  await mailer.sendMail({
    // expect-none: *
    from: 'Acme Store <orders@example.com>',
    to,
    subject: `Order ${orderId} confirmed`,
    text: `Thanks for your order. Track it at ${process.env.NEXT_PUBLIC_SITE_URL}/orders/${orderId}`,
  });
}
