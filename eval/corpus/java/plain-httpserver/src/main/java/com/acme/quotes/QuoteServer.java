package com.acme.quotes;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.logging.ConsoleHandler;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpServer;

public class QuoteServer {

    // expect-none: *
    private static final int BACKLOG = 0;

    public static void main(String[] args) throws IOException {
        // expect-none: logs
        Logger.getLogger("com.acme.quotes").addHandler(new ConsoleHandler());
        // expect: port-binding/no-hardcoded-port, disposability/no-sigterm-handler
        HttpServer server = HttpServer.create(new InetSocketAddress(8000), BACKLOG);
        server.createContext("/quote", exchange -> {
            byte[] body = Quotes.random().getBytes(StandardCharsets.UTF_8);
            // expect-none: *
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        server.createContext("/admin/stop", exchange -> {
            exchange.sendResponseHeaders(202, -1);
            // expect: disposability/no-exit-in-request
            Runtime.getRuntime().halt(0);
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        // expect-none: logs
        System.out.println("quotes listening on 8000, pid " + ProcessHandle.current().pid());
    }
}
