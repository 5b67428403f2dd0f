package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.events.BabyRegistered;
import babynames.events.EventHeaders;
import babynames.events.EventJson;
import babynames.events.Sex;
import babynames.localstack.ServiceStack;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver};
 * {@code .ci/run} installs them): the form registers a baby at registration-service (cross-origin),
 * and the registration shows up in the feed and the girls' table over the stream; the books panel
 * goes out of balance while the ranker is away under load and back into balance when it returns.
 */
class LivePageBrowserIT {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOT = Path.of("target", "live-page.png");
    private static final Path BOOKS_SCREENSHOT = Path.of("target", "live-page-books.png");

    private static RankerHarness harness;
    private static ServiceStack stack;

    @BeforeAll
    static void startTheSystem() {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "No Chromium at " + CHROMIUM + " with a driver at " + CHROMEDRIVER
                        + ": skipping the browser test (apt-get install chromium chromium-driver)");
        harness = new RankerHarness(Map.of());
        stack = harness.stack;
        stack.startAll();
        stack.awaitAllReady(Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopTheSystem() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aBabyRegisteredWithTheFormAppearsInTheFeedAndTheTopTen() throws Exception {
        WebDriver browser = chromium();
        try {
            var wait = openLive(browser);

            String name = TestNames.unique();
            browser.findElement(By.id("name")).sendKeys(name.toLowerCase(Locale.ROOT));
            new Select(browser.findElement(By.id("sex"))).selectByValue("female");
            browser.findElement(By.cssSelector("#register button")).click();

            wait.until(
                    page -> page.findElement(By.id("register-result")).getText().startsWith("Registered"));
            wait.until(page -> page.findElement(By.id("feed")).getText().contains(name + " (female)"));
            wait.until(page -> page.findElement(By.cssSelector("#top10-female tbody"))
                    .getText()
                    .contains(name));

            Path shot =
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
            assertTrue(Files.size(SCREENSHOT) > 0);
        } finally {
            browser.quit();
        }
    }

    /**
     * A registration in the log twice (a retry after a 503 whose first attempt a stalled broker
     * still wrote after the producer had given up) has one id; the page shows it once. A third
     * record on the same partition, written after both copies, tells the test that the page has
     * had the second copy.
     */
    @Test
    void aRegistrationInTheLogTwiceIsShownOnce() throws Exception {
        WebDriver browser = chromium();
        try {
            var wait = openLive(browser);

            BabyRegistered twice = BabyRegistered.of(UUID.randomUUID(), TestNames.unique(), Sex.FEMALE, Instant.now());
            BabyRegistered after = BabyRegistered.of(UUID.randomUUID(), TestNames.unique(), Sex.FEMALE, Instant.now());
            EventJson json = EventJson.createDefault();
            try (var producer = Registrations.producer(harness.kafka())) {
                for (BabyRegistered event : List.of(twice, twice, after)) {
                    var record =
                            new ProducerRecord<>(harness.topics.registrations(), 0, event.key(), json.write(event));
                    record.headers().add(EventHeaders.EVENT_TYPE, EventHeaders.bytes(BabyRegistered.EVENT_TYPE));
                    producer.send(record).get(30, TimeUnit.SECONDS);
                }
            }

            String shown = twice.name() + " (female)";
            wait.until(page -> page.findElement(By.id("feed")).getText().contains(after.name() + " (female)"));
            String feed = browser.findElement(By.id("feed")).getText();
            assertEquals(1, feed.split(Pattern.quote(shown), -1).length - 1, feed);
        } finally {
            browser.quit();
        }
    }

    /** Opens the live page and waits until its stream is live; the wait is the tests' to use. */
    private static WebDriverWait openLive(WebDriver browser) {
        var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(stack.url(Service.STREAM) + "/");
        wait.until(page -> page.findElement(By.id("state")).getText().equals("live"));
        return wait;
    }

    @Test
    void theBooksGoOutOfBalanceWhileTheRankerIsAwayAndBalanceAgainWhenItIsBack() throws Exception {
        WebDriver browser = chromium();
        boolean rankerAway = false;
        try (SteadyLoad load = new SteadyLoad(stack.url(Service.REGISTRATION), List.of(TestNames.unique()))) {
            var wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            browser.get(stack.url(Service.STREAM) + "/");
            wait.until(page -> booksState(page).equals("balanced"));

            load.start(40);
            load.awaitMore(120);
            wait.until(page -> booksState(page).equals("balanced") && number(page, "books-accepted") > 0);

            rankerAway = true;
            stack.stop(Service.RANKING, Duration.ofSeconds(10));
            wait.until(page -> booksState(page).equals("out of balance"));
            wait.until(
                    page -> page.findElement(By.id("books-sources")).getText().contains("ranking-service: down"));
            long unaccountedWhileAway = number(browser, "books-unaccounted");

            stack.start(Service.RANKING).awaitReady(Duration.ofMinutes(1));
            rankerAway = false;
            wait.until(page -> booksState(page).equals("balanced")
                    && page.findElement(By.id("books-window")).getText().contains("since ranking-service came back")
                    && number(page, "books-counted") > 0);
            load.stopArrivals();

            Path shot =
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, BOOKS_SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
            assertTrue(
                    unaccountedWhileAway > 0,
                    "out of balance by registrations nobody counted: " + unaccountedWhileAway);
        } finally {
            browser.quit();
            if (rankerAway) {
                stack.start(Service.RANKING).awaitReady(Duration.ofMinutes(1));
            }
        }
    }

    private static String booksState(WebDriver page) {
        return page.findElement(By.id("books-state")).getText();
    }

    private static long number(WebDriver page, String id) {
        return Long.parseLong(page.findElement(By.id(id)).getText().trim());
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(driver, options);
    }
}
