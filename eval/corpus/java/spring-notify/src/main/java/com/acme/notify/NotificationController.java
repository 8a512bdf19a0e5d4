package com.acme.notify;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.multipart.MultipartFile;

@RestController
public class NotificationController {

    private static final Logger log = LoggerFactory.getLogger(NotificationController.class);
    // expect: config/no-hardcoded-secret
    private static final String SLACK_WEBHOOK = "https://hooks.slack.com/services/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";
    // expect-none: config
    private static final String TWILIO_DOCS = "https://www.twilio.com/docs/sms/api";

    // expect-none: *
    @Value("${notify.timeout-ms:5000}")
    private long timeoutMs;

    private final HttpClient http = HttpClient.newHttpClient();

    @PostMapping("/alerts")
    public void alert(@RequestBody String text) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(SLACK_WEBHOOK))
            // expect-none: *
            .timeout(Duration.ofMillis(timeoutMs))
            .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}"))
            .build();
        http.send(req, HttpResponse.BodyHandlers.discarding());
        // expect-none: logs
        log.info("alert forwarded ({} chars)", text.length());
    }

    @PostMapping("/templates/{name}/attachment")
    public String attach(@PathVariable String name, @RequestParam MultipartFile file) throws IOException {
        // expect: processes/no-local-uploads
        file.transferTo(new File("/srv/notify/uploads/" + name + "-" + file.getOriginalFilename()));
        return "stored";
    }

    @Scheduled(fixedDelay = 60_000)
    public void digest() throws UnknownHostException {
        // expect: codebase/no-host-branching
        if (InetAddress.getLocalHost().getHostName().equals("notify-prod-1")) {
            log.info("sending hourly digest");
        }
    }
}
