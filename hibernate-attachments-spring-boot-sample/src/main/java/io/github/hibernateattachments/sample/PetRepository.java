package io.github.hibernateattachments.sample;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface PetRepository extends JpaRepository<Pet, Long> {

	List<Pet> findAllByOrderByIdDesc();
}
