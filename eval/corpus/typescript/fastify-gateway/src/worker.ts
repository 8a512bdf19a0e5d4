import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { config } from './config';

const sqs = new SQSClient({ region: process.env.AWS_REGION ?? 'eu-west-1' });

async function handle(body: string): Promise<void> {
  const event = JSON.parse(body) as { type: string; id: string };
  // expect-none: logs
  console.log(JSON.stringify({ msg: 'event', type: event.type, id: event.id }));
}

async function run(): Promise<never> {
  // expect: disposability/no-sigterm-handler
  for (;;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: config.queueUrl, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 }));
    for (const m of out.Messages ?? []) {
      await handle(m.Body ?? '{}');
      await sqs.send(new DeleteMessageCommand({ QueueUrl: config.queueUrl, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
}

void run();
