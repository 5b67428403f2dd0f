package babynames.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.embedded.Database;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The Docker path, run wherever a Docker engine answers and skipped (as JUnit reports) where none does. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBackingServicesIT {
    @Test
    void containersGiveAReachableBrokerAndDatabase() throws Exception {
        ContainerBackingServices services = ContainerBackingServices.start();
        Database database = services.newDatabase();

        try (var c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
            assertTrue(c.isValid(5));
        }
        assertTrue(services.kafkaBootstrapServers().contains(":"));
    }
}
