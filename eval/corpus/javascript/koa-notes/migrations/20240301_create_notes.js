'use strict';

exports.up = (knex) => knex.schema.createTable('notes', (t) => {
  t.increments('id');
  t.string('title').notNullable();
  t.text('body');
  t.string('owner');
  t.timestamps(true, true);
});

exports.down = (knex) => knex.schema.dropTable('notes');
