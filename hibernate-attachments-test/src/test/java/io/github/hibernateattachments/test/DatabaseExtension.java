package io.github.hibernateattachments.test;

import java.lang.reflect.AnnotatedElement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Provides one invocation per database for {@link DatabaseTest} methods and injects the {@link Fixture}.
 */
final class DatabaseExtension implements TestTemplateInvocationContextProvider {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create( DatabaseExtension.class );

	@Override
	public boolean supportsTestTemplate(ExtensionContext context) {
		return context.getRequiredTestMethod().isAnnotationPresent( DatabaseTest.class );
	}

	@Override
	public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
		return Arrays.stream( Database.values() ).map( DatabaseInvocation::new );
	}

	static Map<String, Object> settings(ExtensionContext context) {
		final Map<String, Object> settings = new LinkedHashMap<>();
		addSettings( context.getRequiredTestClass(), settings );
		addSettings( context.getRequiredTestMethod(), settings );
		return settings;
	}

	private static void addSettings(AnnotatedElement element, Map<String, Object> into) {
		for ( Setting setting : element.getAnnotationsByType( Setting.class ) ) {
			into.put( setting.name(), setting.value() );
		}
	}

	private record DatabaseInvocation(Database database) implements TestTemplateInvocationContext {
		@Override
		public String getDisplayName(int invocationIndex) {
			return database.name();
		}

		@Override
		public List<org.junit.jupiter.api.extension.Extension> getAdditionalExtensions() {
			return List.of( new FixtureResolver( database ) );
		}
	}

	private record FixtureResolver(Database database) implements ParameterResolver, AfterEachCallback {
		@Override
		public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
			return parameterContext.getParameter().getType() == Fixture.class;
		}

		@Override
		public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
			return context.getStore( NAMESPACE ).getOrComputeIfAbsent( "fixture", k -> {
				final Entities entities = context.getRequiredTestClass().getAnnotation( Entities.class );
				final List<Class<?>> classes = entities == null ? TestModel.ENTITIES : List.of( entities.value() );
				return Fixture.start( database, classes, settings( context ) );
			}, Fixture.class );
		}

		@Override
		public void afterEach(ExtensionContext context) {
			final Fixture fixture = context.getStore( NAMESPACE ).remove( "fixture", Fixture.class );
			if ( fixture != null ) {
				fixture.close();
			}
		}
	}
}
