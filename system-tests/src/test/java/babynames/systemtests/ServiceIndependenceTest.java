package babynames.systemtests;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The services stay independent: each one's code depends only on its own package, the event
 * contract ({@code events}) and the shared plumbing ({@code service-support}), never on another
 * service, and no production code depends on the test, local-stack or load-generation code.
 * Read from the services' jars, the way they ship.
 */
class ServiceIndependenceTest {
    private static final String EVENTS = "babynames.events..";
    private static final String SUPPORT = "babynames.support..";
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("babynames");
    }

    @ParameterizedTest
    @ValueSource(strings = {"registration", "ranking", "query", "stream"})
    void aServiceDependsOnlyOnItselfTheEventsAndTheSupport(String service) {
        String own = "babynames." + service + "..";
        classes()
                .that()
                .resideInAPackage(own)
                .should()
                .onlyDependOnClassesThat(
                        resideOutsideOfPackage("babynames..").or(resideInAnyPackage(own, EVENTS, SUPPORT)))
                .check(production);
    }

    @Test
    void theEventContractDependsOnNoOtherCodeOfOurs() {
        classes()
                .that()
                .resideInAPackage(EVENTS)
                .should()
                .onlyDependOnClassesThat(resideOutsideOfPackage("babynames..").or(resideInAnyPackage(EVENTS)))
                .check(production);
    }

    @Test
    void theSupportDependsOnlyOnTheEventContract() {
        classes()
                .that()
                .resideInAPackage(SUPPORT)
                .should()
                .onlyDependOnClassesThat(not(resideInAnyPackage(
                        "babynames.registration..",
                        "babynames.ranking..",
                        "babynames.query..",
                        "babynames.stream..",
                        "babynames.testsupport..",
                        "babynames.embedded..",
                        "babynames.localstack..",
                        "babynames.loadgen..")))
                .check(production);
    }

    @Test
    void noServiceCodeReachesIntoTestOrToolingCode() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "babynames.registration..",
                        "babynames.ranking..",
                        "babynames.query..",
                        "babynames.stream..",
                        EVENTS,
                        SUPPORT)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "babynames.testsupport..",
                        "babynames.embedded..",
                        "babynames.localstack..",
                        "babynames.loadgen..",
                        "babynames.benchmarks..",
                        "babynames.systemtests..")
                .check(production);
    }
}
