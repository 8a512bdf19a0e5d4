import { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { Invoice } from '../billing/invoice.entity';

export const databaseConfig: TypeOrmModuleOptions = {
  type: 'postgres',
  // expect: backing-services/no-fixed-host | config/no-hardcoded-url
  host: 'localhost',
  // expect-none: *
  port: 5432,
  username: 'billing',
  // expect: config/no-hardcoded-secret
  password: 'Bl1ll!ngPr0d#2024',
  database: 'billing',
  entities: [Invoice],
  // expect: admin-processes/no-migration-at-startup
  synchronize: true,
  // expect-none: *
  logging: ['error'],
};
