package com.acme.quotes;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

final class Quotes {
    // expect-none: processes
    private static final List<String> QUOTES = List.of(
        "Simplicity is prerequisite for reliability.",
        "Make it work, make it right, make it fast.");

    static String random() {
        return QUOTES.get(ThreadLocalRandom.current().nextInt(QUOTES.size()));
    }
}
