-- hibernate-attachments: the blobs kept under @PurgePolicy(DETACH), for MariaDB and MySQL. Apply after V1__attachments.sql.
--
-- A blob an owner lets go under DETACH gets a row here, in the same transaction: the row is a reference like
-- any other, so the sweeper never takes the blob and no other owner's PURGE deletes it, until the application
-- purges it (Attachments.purgeDetached / purgeAllDetached). The row goes with its blob (on delete cascade).
-- MigrationScriptsIT in hibernate-attachments-test checks that this creates what hbm2ddl creates.

create table attachment_detached_blobs (
    blob_id bigint not null,
    detached_at datetime(6) not null,
    primary key (blob_id)
) engine=InnoDB;

alter table attachment_detached_blobs add constraint fk_attachment_detached_blobs_blob_id foreign key (blob_id) references attachment_blobs (id) on delete cascade;
