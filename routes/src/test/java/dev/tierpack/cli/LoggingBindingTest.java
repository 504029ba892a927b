package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Fails when logging silently disappears: Kafka drags an SLF4J 1.7 API and a log4j2 backend, jclouds
 * logs through commons-logging. All of them must end up in logback.
 */
class LoggingBindingTest {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Logger root;

    @BeforeEach
    void attach() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void detach() {
        root.detachAppender(appender);
    }

    @Test
    void slf4jIsBoundToLogback() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(LoggerContext.class);
        LoggerFactory.getLogger("tierpack.binding.slf4j").warn("via slf4j");
        assertThat(messages()).contains("via slf4j");
    }

    @Test
    void log4jApiCallsReachLogback() {
        org.apache.logging.log4j.LogManager.getLogger("tierpack.binding.log4j").warn("via log4j-api");
        assertThat(messages()).contains("via log4j-api");
    }

    @Test
    void commonsLoggingCallsReachLogback() {
        org.apache.commons.logging.LogFactory.getLog("tierpack.binding.jcl").warn("via commons-logging");
        assertThat(messages()).contains("via commons-logging");
    }

    private java.util.List<String> messages() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
