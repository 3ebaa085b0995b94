package io.github.hibernateattachments.test;

import java.util.Map;

import org.hibernate.resource.beans.container.spi.BeanContainer;
import org.hibernate.resource.beans.container.spi.ContainedBean;
import org.hibernate.resource.beans.spi.BeanInstanceProducer;

/**
 * The smallest bean container: named beans from a map, anything else from the fallback producer, as Spring's
 * and CDI's containers do for Hibernate ({@code hibernate.resource.beans.container}).
 */
public final class TestBeanContainer implements BeanContainer {

	private final Map<String, Object> beans;

	public TestBeanContainer(Map<String, Object> beans) {
		this.beans = Map.copyOf( beans );
	}

	@Override
	public <B> ContainedBean<B> getBean(Class<B> beanType, LifecycleOptions options, BeanInstanceProducer fallback) {
		final B instance = beans.values().stream().filter( beanType::isInstance ).map( beanType::cast ).findFirst()
				.orElseGet( () -> fallback.produceBeanInstance( beanType ) );
		return contained( beanType, instance );
	}

	@Override
	public <B> ContainedBean<B> getBean(String name, Class<B> beanType, LifecycleOptions options, BeanInstanceProducer fallback) {
		final Object bean = beans.get( name );
		if ( bean == null ) {
			throw new IllegalArgumentException( "No bean named '" + name + "'" );
		}
		return contained( beanType, beanType.cast( bean ) );
	}

	private static <B> ContainedBean<B> contained(Class<B> type, B instance) {
		return new ContainedBean<>() {
			@Override
			public Class<B> getBeanClass() {
				return type;
			}

			@Override
			public B getBeanInstance() {
				return instance;
			}
		};
	}

	@Override
	public void stop() {
	}
}
