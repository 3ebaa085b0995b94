package io.github.hibernateattachments.internal.bootstrap;

import java.time.Duration;
import java.util.Map;

import io.github.hibernateattachments.AttachmentsSettings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SettingFormatsTest {

	@Test
	void sizes_take_a_number_of_bytes_or_a_unit() {
		assertThat( SettingFormats.sizeOrNull( "1048576" ) ).isEqualTo( 1_048_576L );
		assertThat( SettingFormats.sizeOrNull( "10MB" ) ).isEqualTo( 10L << 20 );
		assertThat( SettingFormats.sizeOrNull( "1 GB" ) ).isEqualTo( 1L << 30 );
		assertThat( SettingFormats.sizeOrNull( "512kb" ) ).isEqualTo( 512L << 10 );
		assertThat( SettingFormats.sizeOrNull( "2GiB" ) ).isEqualTo( 2L << 30 );
		assertThat( SettingFormats.sizeOrNull( "10 megabytes" ) ).isNull();
		assertThat( SettingFormats.sizeOrNull( "99999999999TB" ) ).isNull();
	}

	@Test
	void durations_take_seconds_iso_8601_or_a_unit() {
		assertThat( SettingFormats.durationOrNull( "90" ) ).isEqualTo( Duration.ofSeconds( 90 ) );
		assertThat( SettingFormats.durationOrNull( "PT30S" ) ).isEqualTo( Duration.ofSeconds( 30 ) );
		assertThat( SettingFormats.durationOrNull( "30s" ) ).isEqualTo( Duration.ofSeconds( 30 ) );
		assertThat( SettingFormats.durationOrNull( "5m" ) ).isEqualTo( Duration.ofMinutes( 5 ) );
		assertThat( SettingFormats.durationOrNull( "1h" ) ).isEqualTo( Duration.ofHours( 1 ) );
		assertThat( SettingFormats.durationOrNull( "2d" ) ).isEqualTo( Duration.ofDays( 2 ) );
		assertThat( SettingFormats.durationOrNull( "250ms" ) ).isEqualTo( Duration.ofMillis( 250 ) );
		assertThat( SettingFormats.durationOrNull( "an hour" ) ).isNull();
	}

	@Test
	void a_misspelled_key_is_named_with_the_closest_known_one() {
		assertThat( SettingFormats.unknownKeyWarnings( Map.of(
				"hibernate.attachments.maxsize", "10MB",
				AttachmentsSettings.MAX_SIZE, "1GB",
				"hibernate.connection.url", "jdbc:h2:mem:x" ) ) )
				.containsExactly( "Unknown setting 'hibernate.attachments.maxsize' is ignored: did you mean"
						+ " 'hibernate.attachments.max_size'?" );
	}
}
