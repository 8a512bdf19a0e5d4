package com.acme.inventory;

public record Item(String sku, String name, int quantity) {}
