package com.acme.quotes;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

public class QuoteWorker {

    // expect: config/no-hardcoded-url | backing-services/no-fixed-host
    private static final String QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/208394857123/quotes-ingest";

    public static void main(String[] args) throws IOException {
        // expect: logs/no-log-file
        System.setOut(new PrintStream(new FileOutputStream("logs/worker.out", true), true));
        // expect: concurrency/no-daemonize
        Files.writeString(Path.of("quote-worker.pid"), Long.toString(ProcessHandle.current().pid()));

        // expect-none: *
        int batch = Integer.parseInt(System.getenv().getOrDefault("QUOTES_BATCH", "10"));
        SqsClient sqs = SqsClient.create();
        // expect: disposability/no-sigterm-handler
        while (true) {
            for (Message m : sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(QUEUE_URL).maxNumberOfMessages(batch).waitTimeSeconds(20).build()).messages()) {
                System.out.println("quote submitted: " + m.body());
            }
        }
    }
}
