package io.github.hibernateattachments.test.enhanced;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.hibernate.bytecode.enhance.spi.DefaultEnhancementContext;
import org.hibernate.bytecode.enhance.spi.Enhancer;
import org.hibernate.bytecode.enhance.spi.UnloadedField;
import org.hibernate.bytecode.internal.bytebuddy.BytecodeProviderImpl;

/**
 * Enhances the entity classes of this package in place after test compilation (the build runs it in the
 * {@code process-test-classes} phase), as Hibernate's build-time enhancement does: lazy attributes and inline
 * dirty tracking. {@code EnhancedEntitiesIT} fails if it did not run.
 */
public final class EnhanceEntities {

	private EnhanceEntities() {
	}

	public static void main(String[] args) throws IOException {
		final Path classes = Path.of( args[0] );
		final String packageName = EnhanceEntities.class.getPackageName();
		final Path folder = classes.resolve( packageName.replace( '.', '/' ) );
		try ( URLClassLoader loader = new URLClassLoader( new URL[] { classes.toUri().toURL() },
				EnhanceEntities.class.getClassLoader() ) ) {
			final Enhancer enhancer = new BytecodeProviderImpl().getEnhancer( new DefaultEnhancementContext() {
				@Override
				public ClassLoader getLoadingClassLoader() {
					return loader;
				}

				@Override
				public boolean doBiDirectionalAssociationManagement(UnloadedField field) {
					return false;
				}
			} );
			final List<Path> files;
			try ( Stream<Path> list = Files.list( folder ) ) {
				files = list.filter( f -> f.getFileName().toString().startsWith( "Enhanced" )
						&& f.getFileName().toString().endsWith( ".class" ) && !f.getFileName().toString().contains( "IT" ) ).toList();
			}
			for ( Path file : files ) {
				final String name = packageName + "." + file.getFileName().toString().replace( ".class", "" );
				final byte[] enhanced = enhancer.enhance( name, Files.readAllBytes( file ) );
				if ( enhanced != null ) {
					Files.write( file, enhanced );
				}
			}
		}
	}
}
