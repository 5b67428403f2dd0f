package babynames.bareapp;

import io.micronaut.runtime.Micronaut;

/** A bare Micronaut HTTP app: what a service's start-to-ready is compared with. */
public final class BareApp {
    private BareApp() {}

    public static void main(String[] args) {
        Micronaut.build(args).banner(false).classes(BareApp.class).start();
    }
}
