package babynames.testsupport;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.embedded.Database;
import java.sql.DriverManager;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Docker path, run wherever a Docker engine answers with both images at hand, and skipped (as
 * JUnit reports, with the reason) elsewhere.
 */
class ContainerBackingServicesIT {
    @Test
    void containersGiveAReachableBrokerAndDatabase() throws Exception {
        String whyNot = ContainerBackingServices.whyNot();
        Assumptions.assumeTrue(whyNot == null, () -> "containers cannot run here: " + whyNot);
        ContainerBackingServices services = ContainerBackingServices.start();
        Database database = services.newDatabase();

        try (var c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
            assertTrue(c.isValid(5));
        }
        assertTrue(services.kafkaBootstrapServers().contains(":"));
    }

    /** An engine that has not the image and reaches no registry for it is not chosen, and says why. */
    @Test
    void anImageThatIsNotHereAndCannotBePulledRulesTheContainersOut() {
        var engine = ContainerBackingServices.engine();
        Assumptions.assumeTrue(engine.isPresent(), "no Docker engine here");
        String image = "babynames-test/never-built:" + BackingServices.uniqueName("tag");

        String why = ContainerBackingServices.whyMissing(engine.get(), image);

        assertNotNull(why);
        assertTrue(why.contains(image), why);
    }
}
