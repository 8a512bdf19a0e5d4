package com.acme.gateway;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class StorageConfig {

    // expect: config/no-hardcoded-url | backing-services/no-fixed-host
    public static final String AUDIT_BUCKET = "acme-gateway-audit-prod";

    // expect-none: *
    @Value("${gateway.region:eu-west-1}")
    private String region;

    @Bean
    public MongoClient mongo() {
        // expect: config/no-hardcoded-url | backing-services/no-fixed-host
        return MongoClients.create("mongodb://mongo.internal.acme.io:27017");
    }

    @Bean
    public AmazonS3 s3() {
        return AmazonS3ClientBuilder.standard().withRegion(region).build();
    }
}
