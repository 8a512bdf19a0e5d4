package com.acme.gateway;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpSession;

import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/cart")
public class CartController {

    // expect-none: *
    private static final String SCHEMA = "http://www.w3.org/2001/XMLSchema-instance";
    // expect-none: *
    private static final String CALLBACK = "https://example.com/oauth/callback";

    @PostMapping("/items")
    @SuppressWarnings("unchecked")
    public List<String> add(@RequestBody String sku, HttpSession session) {
        List<String> cart = (List<String>) session.getAttribute("cart");
        if (cart == null) {
            cart = new ArrayList<>();
            // expect: processes/no-memory-session-store
            session.setAttribute("cart", cart);
        }
        cart.add(sku);
        return cart;
    }
}
