package babynames.systemtests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import babynames.localstack.ServiceStack;
import babynames.localstack.ServiceStack.Service;
import babynames.testsupport.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
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
 * and the registration shows up in the feed and the girls' table over the stream.
 */
class LivePageBrowserIT {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOT = Path.of("target", "live-page.png");

    private static ServiceStack stack;

    @BeforeAll
    static void startTheSystem() {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "No Chromium at " + CHROMIUM + " with a driver at " + CHROMEDRIVER
                        + ": skipping the browser test (apt-get install chromium chromium-driver)");
        stack = RankerHarness.runningStack();
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
            var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(stack.url(Service.STREAM) + "/");
            wait.until(page -> page.findElement(By.id("state")).getText().equals("live"));

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
