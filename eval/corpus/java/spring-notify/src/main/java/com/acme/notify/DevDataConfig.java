package com.acme.notify;

import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.stereotype.Service;

@Configuration
public class DevDataConfig {

    @Bean
    @Profile("dev")
    public DataSource devDataSource() {
        // expect: dev-prod-parity/no-env-branching-backing-service
        return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.HSQL).addScript("schema.sql").build();
    }

    @Service
    public static class TemplateService {
        // expect-none: processes
        private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)\\}\\}");
        // expect-none: processes
        private static final DateTimeFormatter STAMP = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

        // Spring's cache abstraction, backed by Redis in every environment (spring.cache.type=redis).
        // expect-none: processes
        @Cacheable("templates")
        public String render(String template, Map<String, String> values) {
            // expect-none: processes
            Map<String, String> seen = new ConcurrentHashMap<>();
            return PLACEHOLDER.matcher(template).replaceAll(m -> seen.computeIfAbsent(m.group(1), k -> values.getOrDefault(k, "")));
        }
    }
}
