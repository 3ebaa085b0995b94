package io.github.hibernateattachments.spring.boot;

import java.nio.file.Path;
import java.util.Map;

import io.github.hibernateattachments.AttachmentException;
import io.github.hibernateattachments.AttachmentsSettings;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Explains a failed start caused by the extension's configuration in the application's terms: the
 * {@code hibernate.attachments.*} settings the message names become the {@code attachments.*} properties the
 * user wrote.
 */
class AttachmentsFailureAnalyzer extends AbstractFailureAnalyzer<AttachmentException> {

	private final Environment environment;

	AttachmentsFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, AttachmentException cause) {
		final HibernateSettings settings = settings();
		final String description = settings.translate( cause.getMessage() );
		final String action = cause.getMessage().contains( AttachmentsSettings.STORAGE_DISK_ROOT )
				|| cause.getMessage().startsWith( "No storage is configured" )
				? "Configure a storage service, for example attachments.services.files.type=disk with"
						+ " attachments.services.files.root=/var/lib/myapp/files; declare a StorageService bean; or, for"
						+ " development, set attachments.default-disk-root=true to store files under ./attachments."
				: "Correct the attachments.* properties named above (or the spring.jpa.properties.hibernate.attachments.*"
						+ " settings, if that is where you set them).";
		return new FailureAnalysis( description, action, cause );
	}

	private HibernateSettings settings() {
		final Binder binder = Binder.get( environment );
		final AttachmentsProperties properties = binder.bind( "attachments", Bindable.of( AttachmentsProperties.class ) )
				.orElseGet( AttachmentsProperties::new );
		final DataSize multipart = binder.bind( "spring.servlet.multipart.max-file-size", DataSize.class ).orElse( null );
		return HibernateSettings.of( properties, Map.of(), multipart, Path.of( "" ) );
	}
}
