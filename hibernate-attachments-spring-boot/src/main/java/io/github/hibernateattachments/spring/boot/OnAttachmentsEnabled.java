package io.github.hibernateattachments.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the extension is on: neither {@code attachments.enabled} nor
 * {@code spring.jpa.properties.hibernate.attachments.enabled} says false.
 */
class OnAttachmentsEnabled extends SpringBootCondition {

	static final String JPA_PROPERTY = "spring.jpa.properties.hibernate.attachments.enabled";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		final Environment environment = context.getEnvironment();
		for ( String property : new String[] { "attachments.enabled", JPA_PROPERTY } ) {
			if ( "false".equalsIgnoreCase( environment.getProperty( property, "true" ).strip() ) ) {
				return ConditionOutcome.noMatch( property + " is false" );
			}
		}
		return ConditionOutcome.match( "hibernate-attachments is enabled" );
	}
}
