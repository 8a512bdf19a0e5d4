package com.acme.notify;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import com.twilio.Twilio;

import redis.clients.jedis.JedisPool;

@Configuration
public class Infrastructure {

    @Bean
    public DataSource dataSource() {
        if ("dev".equals(System.getenv("APP_ENV"))) {
            // expect: dev-prod-parity/no-env-branching-backing-service
            return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).build();
        }
        // expect-none: *
        return DataSourceBuilder.create().url(System.getenv("JDBC_DATABASE_URL")).build();
    }

    // expect: admin-processes/no-migration-at-startup
    @Bean(initMethod = "migrate")
    public Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
    }

    @Bean
    public JedisPool jedisPool() {
        // expect: backing-services/no-fixed-host | config/no-hardcoded-url
        return new JedisPool("redis-master", 6379);
    }

    @Bean
    public TwilioInit twilio() {
        // expect: config/no-hardcoded-secret
        Twilio.init("AC3f9b2d7e1c8a4f6b0d5e9c2a7f1b3d8e", "95921e3eed43f286ae0e251d9abdb1c2");
        return new TwilioInit();
    }

    public static class TwilioInit {}
}
