import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Headers } from '@nestjs/common';
import Stripe from 'stripe';
import { BillingService } from './billing.service';

// expect: config/no-hardcoded-secret
const WEBHOOK_SECRET = 'whsec_8ZFdlEocj6McMuiZyM557loFf3IRBa5R';

@Controller('billing')
export class BillingController {
  private readonly stripe = new Stripe(process.env.STRIPE_SECRET_KEY as string, { apiVersion: '2024-04-10' });

  constructor(private readonly billing: BillingService) {}

  @Get('invoices/:id')
  async invoice(@Param('id') id: string) {
    const found = await this.billing.find(id);
    // expect-none: *
    if (!found) throw new NotFoundException(`invoice ${id} not found`);
    return found;
  }

  @Post('webhook')
  // expect-none: *
  @HttpCode(200)
  async webhook(@Body() raw: Buffer, @Headers('stripe-signature') signature: string) {
    const event = this.stripe.webhooks.constructEvent(raw, signature, WEBHOOK_SECRET);
    await this.billing.handle(event);
    return { received: true };
  }
}
