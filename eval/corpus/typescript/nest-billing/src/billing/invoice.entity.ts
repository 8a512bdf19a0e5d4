import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity()
export class Invoice {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ unique: true })
  stripeId!: string;

  @Column({ default: 'open' })
  status!: string;

  @Column('int')
  amountCents!: number;
}
