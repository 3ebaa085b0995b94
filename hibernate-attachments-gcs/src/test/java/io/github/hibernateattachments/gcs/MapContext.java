package io.github.hibernateattachments.gcs;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.github.hibernateattachments.spi.StorageService;
import io.github.hibernateattachments.spi.StorageServiceContext;

/** A factory context over a plain map, as the extension gives one to a factory (sizes in bytes only). */
final class MapContext implements StorageServiceContext {

	private final String name;
	private final Map<String, Object> settings;

	MapContext(String name, Map<String, Object> settings) {
		this.name = name;
		this.settings = settings;
	}

	@Override
	public String serviceName() {
		return name;
	}

	@Override
	public Optional<Object> setting(String key) {
		return Optional.ofNullable( settings.get( key ) );
	}

	@Override
	public OptionalLong size(String key) {
		return setting( key ).map( v -> OptionalLong.of( Long.parseLong( v.toString() ) ) ).orElse( OptionalLong.empty() );
	}

	@Override
	public boolean bool(String key, boolean defaultValue) {
		return setting( key ).map( v -> Boolean.parseBoolean( v.toString() ) ).orElse( defaultValue );
	}

	@Override
	public String settingName(String key) {
		return "hibernate.attachments.services." + name + "." + key;
	}

	@Override
	public <T> T bean(Class<T> type, String beanNameOrNull) {
		throw new UnsupportedOperationException( "no bean container in this test" );
	}

	@Override
	public StorageService service(String other) {
		throw new UnsupportedOperationException( "no other services in this test" );
	}
}
