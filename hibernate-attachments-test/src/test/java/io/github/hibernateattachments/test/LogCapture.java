package io.github.hibernateattachments.test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what one logger writes while open (JBoss Logging writes to java.util.logging in these tests).
 */
public final class LogCapture implements AutoCloseable {

	private final Logger logger;
	private final Level level;
	private final List<LogRecord> records = new ArrayList<>();
	private final Handler handler = new Handler() {
		@Override
		public void publish(LogRecord record) {
			synchronized ( records ) {
				records.add( record );
			}
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}
	};

	private LogCapture(String name) {
		this.logger = Logger.getLogger( name );
		this.level = logger.getLevel();
		logger.setLevel( Level.ALL );
		logger.addHandler( handler );
	}

	public static LogCapture of(Class<?> type) {
		return new LogCapture( type.getName() );
	}

	public static LogCapture of(String name) {
		return new LogCapture( name );
	}

	/** @return "LEVEL message" per record, the message formatted */
	public List<String> lines() {
		synchronized ( records ) {
			return records.stream().map( r -> r.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage( r ) ).toList();
		}
	}

	@Override
	public void close() {
		logger.removeHandler( handler );
		logger.setLevel( level );
	}
}
