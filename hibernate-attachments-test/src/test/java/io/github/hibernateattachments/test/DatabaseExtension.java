package io.github.hibernateattachments.test;

import java.lang.reflect.AnnotatedElement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Provides one invocation per database for {@link DatabaseTest} methods (those {@link OnlyOn} allows) and
 * injects the {@link Fixture}. The invocation of a database that is not available here (MariaDB without a
 * server) is skipped with the reason; in CI ({@code CI=true}) it fails instead, since there every database
 * must be tested.
 */
final class DatabaseExtension implements TestTemplateInvocationContextProvider {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create( DatabaseExtension.class );

	@Override
	public boolean supportsTestTemplate(ExtensionContext context) {
		return context.getRequiredTestMethod().isAnnotationPresent( DatabaseTest.class );
	}

	@Override
	public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
		return Arrays.stream( databases( context ) ).map( DatabaseInvocation::new );
	}

	private static Database[] databases(ExtensionContext context) {
		final OnlyOn onMethod = context.getRequiredTestMethod().getAnnotation( OnlyOn.class );
		final OnlyOn onClass = context.getRequiredTestClass().getAnnotation( OnlyOn.class );
		return onMethod != null ? onMethod.value() : onClass != null ? onClass.value() : Database.values();
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
			return List.of( new Availability( database ), new FixtureResolver( database ) );
		}
	}

	private record Availability(Database database) implements ExecutionCondition, BeforeEachCallback {
		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			return database.unavailable()
					.filter( reason -> !inCi() )
					.map( ConditionEvaluationResult::disabled )
					.orElseGet( () -> ConditionEvaluationResult.enabled( database + " is available or required" ) );
		}

		@Override
		public void beforeEach(ExtensionContext context) {
			database.unavailable().ifPresent( reason -> {
				throw new IllegalStateException( "CI=true, and " + reason + ". In CI the tests must run on every database:"
						+ " .ci/run sets " + database + " up; run the tests through it" );
			} );
		}

		private static boolean inCi() {
			return "true".equalsIgnoreCase( System.getenv().getOrDefault( "CI", "" ).trim() );
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
			try {
				if ( fixture != null && context.getExecutionException().isEmpty() && !exempt( context ) ) {
					fixture.assertSound();
				}
			}
			finally {
				closeAndDrop( fixture );
			}
		}

		private static boolean exempt(ExtensionContext context) {
			return context.getRequiredTestMethod().isAnnotationPresent( IntegrityNotChecked.class )
					|| context.getRequiredTestClass().isAnnotationPresent( IntegrityNotChecked.class );
		}

		private void closeAndDrop(Fixture fixture) {
			try {
				if ( fixture != null ) {
					fixture.close();
				}
			}
			finally {
				database.dropCreated();
			}
		}
	}
}
