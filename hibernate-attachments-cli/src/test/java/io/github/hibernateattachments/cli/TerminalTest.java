package io.github.hibernateattachments.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress and log lines on standard error never run into each other. */
class TerminalTest {

	@Test
	void a_log_line_during_progress_starts_on_a_line_of_its_own() {
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final Terminal terminal = new Terminal( new PrintStream( err, true, StandardCharsets.UTF_8 ), true );

		terminal.progress( "swept 10 blobs" );
		terminal.progress( "swept 20 blobs" );
		terminal.log( "WARNING Outbox: a delete failed" );
		terminal.progress( "swept 30 blobs" );
		terminal.endProgress();
		terminal.endProgress();

		assertThat( err.toString( StandardCharsets.UTF_8 ) ).isEqualTo( "\r\033[2Kswept 10 blobs\r\033[2Kswept 20 blobs\n"
				+ "WARNING Outbox: a delete failed\n\r\033[2Kswept 30 blobs\n" );
	}

	@Test
	void without_a_terminal_there_is_no_progress_and_logs_are_plain_lines() {
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final Terminal terminal = new Terminal( new PrintStream( err, true, StandardCharsets.UTF_8 ), false );

		terminal.progress( "swept 10 blobs" );
		terminal.log( "WARNING Outbox: a delete failed" );
		terminal.endProgress();

		assertThat( err.toString( StandardCharsets.UTF_8 ) ).isEqualTo( "WARNING Outbox: a delete failed\n" );
	}
}
