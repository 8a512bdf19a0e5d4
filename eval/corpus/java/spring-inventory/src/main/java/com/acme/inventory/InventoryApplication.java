package com.acme.inventory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.ApplicationPidFileWriter;

@SpringBootApplication
public class InventoryApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(InventoryApplication.class);
        // expect: concurrency/no-daemonize
        app.addListeners(new ApplicationPidFileWriter("/var/run/inventory.pid"));
        app.run(args);
    }
}
