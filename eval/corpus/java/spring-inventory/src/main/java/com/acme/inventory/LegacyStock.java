package com.acme.inventory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.FileHandler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.springframework.stereotype.Component;

@Component
public class LegacyStock {

    private static final Logger LOG = Logger.getLogger(LegacyStock.class.getName());

    static {
        try {
            // expect: logs/no-log-file
            FileHandler handler = new FileHandler("/var/log/inventory/legacy-stock.log", true);
            handler.setFormatter(new SimpleFormatter());
            LOG.addHandler(handler);
        } catch (IOException e) {
            LOG.warning("could not open log file: " + e.getMessage());
        }
    }

    public Connection open() throws SQLException {
        // expect: backing-services/no-fixed-host | config/no-hardcoded-url, config/no-hardcoded-secret
        return DriverManager.getConnection("jdbc:mysql://localhost:3306/legacy_stock", "stock", "St0ck#Legacy77");
    }
}
