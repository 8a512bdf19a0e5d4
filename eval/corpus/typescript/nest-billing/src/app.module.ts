import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig } from './config/database';
import { BillingController } from './billing/billing.controller';
import { BillingService } from './billing/billing.service';
import { Invoice } from './billing/invoice.entity';

@Module({
  imports: [
    TypeOrmModule.forRoot(databaseConfig),
    TypeOrmModule.forFeature([Invoice]),
    ScheduleModule.forRoot(),
  ],
  controllers: [BillingController],
  providers: [BillingService],
})
export class AppModule {}
