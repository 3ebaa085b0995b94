package io.github.hibernateattachments.internal.bootstrap;

import java.time.Duration;
import java.util.Map;

import io.github.hibernateattachments.spi.AttachmentsObserver;

import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.AttachmentsSettings;
import io.github.hibernateattachments.AttachmentsSettings.Defaults;


/**
 * The settings of {@link AttachmentsSettings}, read and checked once at boot; the storage services are read by
 * {@link StorageServicesReader}.
 */
public record AttachmentsConfig(boolean enabled, long maxSize, Duration uploadGracePeriod,
		Duration purgeRetryDelay, Duration purgeMaxRetryDelay, int outboxBatchSize, boolean deleteOrdering,
		boolean deleteOrderingDatabaseKeys, boolean schemaCheck, boolean uploadIntents, Duration uploadIntentTimeout,
		Duration sweepGracePeriod, int sweepBatchSize, boolean sweepDryRun, AttachmentsObserver observer, DoctorMode doctor) {

	/** {@link AttachmentsSettings#DOCTOR}. */
	public enum DoctorMode {
		OFF, WARN, FAIL
	}

	public static boolean isEnabled(Map<String, Object> settings) {
		return bool( settings, AttachmentsSettings.ENABLED, true );
	}

	/**
	 * Reads every setting but the storage services ({@link StorageServicesReader}).
	 */
	public static AttachmentsConfig read(Map<String, Object> settings) {
		return new AttachmentsConfig(
				isEnabled( settings ),
				size( settings, AttachmentsSettings.MAX_SIZE, Defaults.MAX_SIZE ),
				duration( settings, AttachmentsSettings.UPLOAD_GRACE_PERIOD, Defaults.UPLOAD_GRACE_PERIOD ),
				duration( settings, AttachmentsSettings.PURGE_RETRY_DELAY, Defaults.PURGE_RETRY_DELAY ),
				duration( settings, AttachmentsSettings.PURGE_MAX_RETRY_DELAY, Defaults.PURGE_MAX_RETRY_DELAY ),
				(int) Math.min( Integer.MAX_VALUE, positiveLong( settings, AttachmentsSettings.OUTBOX_BATCH_SIZE, Defaults.OUTBOX_BATCH_SIZE ) ),
				bool( settings, AttachmentsSettings.DELETE_ORDERING, true ),
				bool( settings, AttachmentsSettings.DELETE_ORDERING_DATABASE_KEYS, true ),
				bool( settings, AttachmentsSettings.SCHEMA_CHECK, true ),
				uploadIntents( settings ),
				duration( settings, AttachmentsSettings.UPLOAD_INTENT_TIMEOUT, Defaults.UPLOAD_INTENT_TIMEOUT ),
				duration( settings, AttachmentsSettings.SWEEP_GRACE_PERIOD, Defaults.SWEEP_GRACE_PERIOD ),
				(int) Math.min( Integer.MAX_VALUE, positiveLong( settings, AttachmentsSettings.SWEEP_BATCH_SIZE, Defaults.SWEEP_BATCH_SIZE ) ),
				bool( settings, AttachmentsSettings.SWEEP_DRY_RUN, false ),
				observer( settings ),
				doctor( settings )
		);
	}

	static DoctorMode doctor(Map<String, Object> settings) {
		final Object value = settings.get( AttachmentsSettings.DOCTOR );
		if ( value == null || value.toString().isBlank() ) {
			return DoctorMode.WARN;
		}
		return switch ( value.toString().trim().toLowerCase( java.util.Locale.ROOT ) ) {
			case "off", "false" -> DoctorMode.OFF;
			case "warn" -> DoctorMode.WARN;
			case "fail" -> DoctorMode.FAIL;
			default -> throw invalid( AttachmentsSettings.DOCTOR, value, "'off', 'warn' or 'fail'" );
		};
	}

	private static AttachmentsObserver observer(Map<String, Object> settings) {
		final Object value = settings.get( AttachmentsSettings.OBSERVER );
		if ( value == null || value instanceof String text && text.isBlank() ) {
			return AttachmentsObserver.NONE;
		}
		if ( value instanceof AttachmentsObserver observer ) {
			return observer;
		}
		if ( value instanceof String className ) {
			try {
				final Class<?> type = Class.forName( className.strip(), true, Thread.currentThread().getContextClassLoader() == null
						? AttachmentsConfig.class.getClassLoader() : Thread.currentThread().getContextClassLoader() );
				return (AttachmentsObserver) type.getConstructor().newInstance();
			}
			catch (ReflectiveOperationException | ClassCastException e) {
				throw new AttachmentException( "Invalid setting '" + AttachmentsSettings.OBSERVER + "': '" + className
						+ "' is not a class implementing AttachmentsObserver with a public no-argument constructor", e );
			}
		}
		throw invalid( AttachmentsSettings.OBSERVER, value, "an AttachmentsObserver or the name of a class implementing it" );
	}

	private static boolean bool(Map<String, Object> settings, String key, boolean defaultValue) {
		final Object value = settings.get( key );
		if ( value == null ) {
			return defaultValue;
		}
		if ( value instanceof Boolean b ) {
			return b;
		}
		final String text = value.toString().trim();
		if ( text.equalsIgnoreCase( "true" ) || text.equalsIgnoreCase( "false" ) ) {
			return Boolean.parseBoolean( text );
		}
		throw invalid( key, value, "true or false" );
	}

	private static long positiveLong(Map<String, Object> settings, String key, long defaultValue) {
		final Object value = settings.get( key );
		if ( value == null ) {
			return defaultValue;
		}
		try {
			final long result = value instanceof Number n ? n.longValue() : Long.parseLong( value.toString().trim() );
			if ( result > 0 ) {
				return result;
			}
		}
		catch (NumberFormatException ignored) {
			// reported below
		}
		throw invalid( key, value, "a positive whole number" );
	}

	private static boolean uploadIntents(Map<String, Object> settings) {
		final Object value = settings.get( AttachmentsSettings.UPLOAD_INTENT );
		if ( value == null || value.toString().trim().equalsIgnoreCase( "own_transaction" ) ) {
			return true;
		}
		if ( value.toString().trim().equalsIgnoreCase( "none" ) ) {
			return false;
		}
		throw invalid( AttachmentsSettings.UPLOAD_INTENT, value, "'own_transaction' or 'none'" );
	}

	private static long size(Map<String, Object> settings, String key, long defaultValue) {
		final Object value = settings.get( key );
		if ( value == null ) {
			return defaultValue;
		}
		final Long result = value instanceof Number n ? Long.valueOf( n.longValue() ) : SettingFormats.sizeOrNull( value.toString() );
		if ( result == null || result <= 0 ) {
			throw invalid( key, value, "a positive number of bytes, or a size such as '10MB' or '1GB'" );
		}
		return result;
	}

	private static Duration duration(Map<String, Object> settings, String key, Duration defaultValue) {
		final Object value = settings.get( key );
		if ( value == null ) {
			return defaultValue;
		}
		final Duration result = value instanceof Duration d ? d : SettingFormats.durationOrNull( value.toString() );
		if ( result == null || result.isNegative() ) {
			throw invalid( key, value, "a duration such as '30s', '5m', '1h', '2d', an ISO-8601 duration such as"
					+ " 'PT30S', or a number of seconds" );
		}
		return result;
	}

	private static AttachmentException invalid(String key, Object value, String expected) {
		return new AttachmentException( "Invalid value '" + value + "' for setting '" + key + "': expected " + expected );
	}
}
