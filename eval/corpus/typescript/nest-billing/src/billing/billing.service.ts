import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import Stripe from 'stripe';
import { Invoice } from './invoice.entity';

@Injectable()
export class BillingService {
  private readonly log = new Logger(BillingService.name);

  constructor(@InjectRepository(Invoice) private readonly invoices: Repository<Invoice>) {}

  find(id: string): Promise<Invoice | null> {
    return this.invoices.findOneBy({ id });
  }

  async handle(event: Stripe.Event): Promise<void> {
    if (event.type === 'invoice.paid') {
      const inv = event.data.object as Stripe.Invoice;
      await this.invoices.update({ stripeId: inv.id }, { status: 'paid' });
    }
    this.log.log(`handled ${event.type}`);
  }

  // expect-none: *
  @Cron(process.env.BILLING_CRON ?? '0 3 * * *')
  async closeMonth(): Promise<void> {
    await this.invoices.query('select close_billing_month()');
  }
}
