package io.github.hibernateattachments.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.hibernateattachments.Attachments;
import io.github.hibernateattachments.IntegrityReport;
import io.github.hibernateattachments.internal.bootstrap.AttachmentsIntegrator;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension of the test kit, used through {@link AttachmentsTest} or
 * {@code @ExtendWith(AttachmentsExtension.class)}:
 * <ul>
 *     <li>before each test, every open {@link TestStorage} is emptied and forgets its recorded calls and faults
 *     (unless {@link AttachmentsTest#resetStorage()} is {@code false});</li>
 *     <li>a test method can take a {@link TestStorage} (the only open one) and the {@link Attachments} of the
 *     persistence unit (the only open one that stores in a test storage); a constructor, the {@link TestStorage};</li>
 *     <li>after each test, with {@link AttachmentsTest#checkIntegrity()}, the integrity of every open unit that
 *     stores in a test storage is checked and the test fails with the report if anything is wrong.</li>
 * </ul>
 * The storage work that follows a commit (deleting the files of purged blobs) runs on the committing thread
 * before {@code commit()} returns, so a test sees it as soon as its transaction is over. A delete that failed
 * waits in the outbox for {@link Attachments#processOutbox()}, which takes it once its retry is due: set
 * {@code hibernate.attachments.purge.retry_delay=0} in tests that make deletes fail. In a test whose
 * transaction is rolled back at the end (Spring's {@code @Transactional} tests) nothing commits, so nothing is
 * purged either.
 * <p>
 * The storages and units it resets and checks are those of the whole JVM: test classes annotated with
 * {@link AttachmentsTest} never run in parallel with each other (a {@code ResourceLock}).
 */
public final class AttachmentsExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

	@Override
	public void beforeEach(ExtensionContext context) {
		if ( settings( context ).map( AttachmentsTest::resetStorage ).orElse( true ) ) {
			TestStorage.resetAll();
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if ( !settings( context ).map( AttachmentsTest::checkIntegrity ).orElse( false )
				|| context.getExecutionException().isPresent() ) {
			return; // a failed test has its own message
		}
		final List<SessionFactoryImplementor> units = activeUnits();
		if ( units.isEmpty() ) {
			throw new AssertionError( "@AttachmentsTest(checkIntegrity = true), but no open persistence unit stores in a"
					+ " test storage (storage service type 'test', or a TestStorage in the settings): nothing was checked" );
		}
		final List<String> reports = new ArrayList<>();
		for ( SessionFactoryImplementor unit : units ) {
			final IntegrityReport report = Attachments.of( unit ).checkIntegrity( Duration.ZERO );
			if ( !report.sound() ) {
				reports.add( "Persistence unit '" + unitName( unit ) + "': " + report.render() );
			}
		}
		if ( !reports.isEmpty() ) {
			throw new AssertionError( String.join( "\n", reports ) );
		}
	}

	private static Optional<AttachmentsTest> settings(ExtensionContext context) {
		for ( Optional<ExtensionContext> c = Optional.of( context ); c.isPresent(); c = c.get().getParent() ) {
			final Optional<AttachmentsTest> found = c.get().getElement()
					.flatMap( element -> AnnotationSupport.findAnnotation( element, AttachmentsTest.class ) );
			if ( found.isPresent() ) {
				return found;
			}
		}
		return Optional.empty();
	}

	/**
	 * {@link TestStorage} anywhere; {@link Attachments} in test methods only, where Spring's extension does not
	 * inject beans (a constructor's parameters may be its to autowire).
	 */
	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		final Class<?> type = parameter.getParameter().getType();
		return type == TestStorage.class
				|| type == Attachments.class && parameter.getDeclaringExecutable() instanceof java.lang.reflect.Method;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		if ( parameter.getParameter().getType() == TestStorage.class ) {
			final List<TestStorage> open = TestStorage.open();
			if ( open.size() != 1 ) {
				throw new ParameterResolutionException( open.isEmpty()
						? "No test storage is open: configure one ('hibernate.attachments.services.<name>.type=test')"
								+ " and start the persistence unit before the test"
						: "Several test storages are open (" + open.stream().map( TestStorage::name ).toList()
								+ "): take the one you need with TestStorage.named(name)" );
			}
			return open.get( 0 );
		}
		final List<SessionFactoryImplementor> units = activeUnits();
		if ( units.size() != 1 ) {
			throw new ParameterResolutionException( units.isEmpty()
					? "No persistence unit that stores in a test storage is open: start it before the test"
					: "Several persistence units that store in test storages are open ("
							+ units.stream().map( AttachmentsExtension::unitName ).toList()
							+ "): use Attachments.of(entityManagerFactory)" );
		}
		return Attachments.of( units.get( 0 ) );
	}

	/**
	 * The open units where hibernate-attachments is active and stores in a {@link TestStorage}: units with other
	 * storage (a cached application context of another test class, say) are not the kit's business.
	 */
	private static List<SessionFactoryImplementor> activeUnits() {
		return OpenUnits.open().stream()
				.filter( unit -> {
					final var runtime = AttachmentsIntegrator.runtimeOrNull( unit );
					return runtime != null && runtime.storages().backends().stream().anyMatch( AttachmentsExtension::isTestStorage );
				} )
				.toList();
	}

	/** A test storage, or a forwarding service (a recording one, say) in front of one. */
	private static boolean isTestStorage(io.github.hibernateattachments.spi.StorageService service) {
		for ( var s = service; s != null; s = s instanceof ForwardingStorageService forwarding ? forwarding.delegate() : null ) {
			if ( s instanceof TestStorage ) {
				return true;
			}
		}
		return false;
	}

	private static String unitName(SessionFactoryImplementor unit) {
		return unit.getName() != null ? unit.getName() : unit.getUuid();
	}
}
