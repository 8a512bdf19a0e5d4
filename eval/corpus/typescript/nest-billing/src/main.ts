import { NestFactory } from '@nestjs/core';
import { WinstonModule } from 'nest-winston';
import { AppModule } from './app.module';
import { loggerOptions } from './logger';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, {
    logger: WinstonModule.createLogger(loggerOptions),
  });
  app.setGlobalPrefix('api');
  // expect: port-binding/no-hardcoded-port, disposability/no-sigterm-handler
  await app.listen(3000);
}

void bootstrap();
