package com.acme.inventory;

import org.springframework.stereotype.Repository;

@Repository
public interface ItemRepository {
    Item findBySku(String sku);
}
