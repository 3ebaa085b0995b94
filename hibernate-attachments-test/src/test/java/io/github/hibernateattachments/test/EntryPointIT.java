package io.github.hibernateattachments.test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import io.github.hibernateattachments.Attachment;
import io.github.hibernateattachments.Attachments;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Attachments#of} finds the extension behind the proxies frameworks put around the factory.
 */
class EntryPointIT {

	/**
	 * A proxy like Spring's {@code AbstractEntityManagerFactoryBean} creates: it implements the native factory
	 * interface, answers {@code unwrap(type)} with itself for every type it implements, and has an identity of
	 * its own ({@code equals} and {@code hashCode} are the proxy's).
	 */
	private static EntityManagerFactory springStyleProxy(EntityManagerFactory target) {
		return (EntityManagerFactory) Proxy.newProxyInstance( EntryPointIT.class.getClassLoader(),
				new Class<?>[] { SessionFactory.class }, (proxy, method, args) -> {
					switch ( method.getName() ) {
						case "equals":
							return proxy == args[0];
						case "hashCode":
							return System.identityHashCode( proxy );
						case "unwrap":
							if ( ( (Class<?>) args[0] ).isInstance( proxy ) ) {
								return proxy;
							}
							break;
						default:
					}
					try {
						return method.invoke( target, args );
					}
					catch (InvocationTargetException e) {
						throw e.getCause();
					}
				} );
	}

	@DatabaseTest
	void a_framework_proxy_of_the_factory_is_unwrapped_to_hibernates_own(Fixture fixture) throws Exception {
		final EntityManagerFactory proxy = springStyleProxy( fixture.emf() );
		assertThat( proxy.unwrap( SessionFactory.class ) ).isSameAs( proxy );
		final long id = fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "hello".getBytes(), "hello.txt" );
			em.persist( owner );
			return owner.id;
		} );

		final Attachments attachments = Attachments.of( proxy );

		final String content = fixture.fromTransaction( em -> {
			try ( var in = attachments.openStream( em.find( Owner.class, id ).avatar ) ) {
				return new String( in.readAllBytes() );
			}
			catch (java.io.IOException e) {
				throw new AssertionError( e );
			}
		} );
		assertThat( content ).isEqualTo( "hello" );
	}

	private static String read(Attachments attachments, Attachment attachment) {
		try ( var in = attachments.openStream( attachment ) ) {
			return new String( in.readAllBytes() );
		}
		catch (java.io.IOException e) {
			throw new AssertionError( e );
		}
	}

	private static long ownerWithAvatar(Fixture fixture) {
		return fixture.fromTransaction( em -> {
			final Owner owner = new Owner( "ada" );
			owner.avatar = Attachment.of( "hello".getBytes(), "hello.txt" );
			em.persist( owner );
			return owner.id;
		} );
	}

	@DatabaseTest
	void an_attachment_read_after_its_entity_manager_closed_opens_its_content(Fixture fixture) {
		final long id = ownerWithAvatar( fixture );
		final Owner detached = fixture.fromTransaction( em -> em.find( Owner.class, id ) );

		assertThat( read( fixture.attachments(), detached.avatar ) ).isEqualTo( "hello" );
	}

	@DatabaseTest
	void a_deserialized_attachment_still_reads_its_content(Fixture fixture) throws Exception {
		final long id = ownerWithAvatar( fixture );
		final Attachment avatar = fixture.fromTransaction( em -> em.find( Owner.class, id ).avatar );
		final var bytes = new java.io.ByteArrayOutputStream();
		try ( var out = new java.io.ObjectOutputStream( bytes ) ) {
			out.writeObject( avatar );
		}
		final Attachment copy;
		try ( var in = new java.io.ObjectInputStream( new java.io.ByteArrayInputStream( bytes.toByteArray() ) ) ) {
			copy = (Attachment) in.readObject();
		}

		assertThat( read( fixture.attachments(), copy ) ).isEqualTo( "hello" );
		assertThat( copy ).isEqualTo( avatar );
	}
}
