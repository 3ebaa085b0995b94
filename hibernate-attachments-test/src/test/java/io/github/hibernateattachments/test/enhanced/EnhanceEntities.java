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

	/**
	 * The class as the compiler wrote it: the file itself if it was compiled since the last enhancement (saved
	 * then), otherwise the copy saved before that enhancement. So a build that does not recompile (another
	 * Hibernate version, {@code -Phibernate-7.2}) enhances the compiler's output again, never an enhanced class.
	 */
	private static byte[] originalOf(Path file, Path originals) throws IOException {
		final byte[] current = Files.readAllBytes( file );
		final Path saved = originals.resolve( file.getFileName() );
		final Path marker = originals.resolve( file.getFileName() + ".enhanced" );
		if ( Files.exists( saved ) && Files.exists( marker ) && Files.readString( marker ).equals( digest( current ) ) ) {
			return Files.readAllBytes( saved );
		}
		Files.write( saved, current );
		return current;
	}

	private static String digest(byte[] bytes) {
		try {
			return java.util.HexFormat.of().formatHex( java.security.MessageDigest.getInstance( "SHA-256" ).digest( bytes ) );
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException( e );
		}
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
			final Path originals = classes.resolveSibling( classes.getFileName() + "-unenhanced" )
					.resolve( packageName.replace( '.', '/' ) );
			Files.createDirectories( originals );
			for ( Path file : files ) {
				final String name = packageName + "." + file.getFileName().toString().replace( ".class", "" );
				final byte[] enhanced = enhancer.enhance( name, originalOf( file, originals ) );
				if ( enhanced != null ) {
					Files.write( file, enhanced );
					Files.writeString( originals.resolve( file.getFileName() + ".enhanced" ), digest( enhanced ) );
				}
			}
		}
	}
}
