package com.acme.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/items")
public class ItemController {

    // expect: processes/no-module-level-cache
    private static final Map<String, Item> CACHE = new ConcurrentHashMap<>();
    // expect-none: processes
    private static final Map<String, String> COUNTRY_NAMES = Map.of("DE", "Germany", "FR", "France", "NL", "Netherlands");

    private final ItemRepository items;

    public ItemController(ItemRepository items) {
        this.items = items;
    }

    @GetMapping("/{sku}")
    public ResponseEntity<Item> get(@PathVariable String sku) {
        Item item = CACHE.computeIfAbsent(sku, items::findBySku);
        if (item == null) {
            // expect-none: *
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        CACHE.put(sku, item);
        return ResponseEntity.ok(item);
    }

    @PostMapping("/{sku}/datasheet")
    public ResponseEntity<String> datasheet(@PathVariable String sku, @RequestParam("file") MultipartFile file) throws IOException, InterruptedException {
        // expect-none: processes
        Path pdf = Files.createTempFile("datasheet", ".pdf");
        file.transferTo(pdf);
        // expect: dependencies/no-undeclared-system-tool
        Process p = new ProcessBuilder("pdftotext", pdf.toString(), "-").start();
        String text = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        Files.deleteIfExists(pdf);
        return ResponseEntity.ok(text);
    }

    @PostMapping("/admin/halt")
    public void halt(@RequestHeader("X-Admin-Token") String token) {
        if (!token.isEmpty()) {
            // expect: disposability/no-exit-in-request
            System.exit(1);
        }
    }

    @GetMapping("/countries/{code}")
    public String country(@PathVariable String code) {
        return COUNTRY_NAMES.getOrDefault(code, "Unknown");
    }
}
