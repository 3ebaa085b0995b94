package io.github.hibernateattachments.spring.boot.web;

import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.spring.boot.AttachmentsAutoConfiguration;
import io.github.hibernateattachments.spring.boot.AttachmentsProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC support: uploaded files bind to {@code Attachment} parameters and form fields, and an
 * {@link AttachmentResponses} bean serves attachments from controllers.
 */
@AutoConfiguration(after = AttachmentsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ MultipartFile.class, WebMvcConfigurer.class, Attachments.class })
@ConditionalOnBean(Attachments.class)
public class AttachmentsWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	public MultipartFileToAttachmentConverter multipartFileToAttachmentConverter() {
		return new MultipartFileToAttachmentConverter();
	}

	@Bean
	public WebMvcConfigurer attachmentsWebMvcConfigurer(MultipartFileToAttachmentConverter converter) {
		return new WebMvcConfigurer() {
			@Override
			public void addFormatters(FormatterRegistry registry) {
				registry.addConverter( converter );
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean
	public AttachmentResponses attachmentResponses(Attachments attachments, AttachmentsProperties properties) {
		return new AttachmentResponses( attachments, properties.getWeb().isRedirectToSignedUrl(), properties.getWeb().getSignedUrlTtl() );
	}
}
