'use strict';

const express = require('express');
const Stripe = require('stripe');
const config = require('../config');
const Order = require('../models/order');

const router = express.Router();
const stripe = new Stripe(config.stripeSecretKey);

// expect: processes/no-module-level-cache
const orderCache = new Map();
// expect-none: processes
const STATUS_LABELS = { pending: 'Pending', paid: 'Paid', shipped: 'Shipped' };

router.get('/:id', async (req, res) => {
  if (orderCache.has(req.params.id)) return res.json(orderCache.get(req.params.id));
  const order = await Order.findById(req.params.id).lean();
  // expect-none: *
  if (!order) return res.status(404).json({ error: 'not found' });
  orderCache.set(req.params.id, order);
  res.json({ ...order, statusLabel: STATUS_LABELS[order.status] });
});

router.post('/', async (req, res) => {
  const intent = await stripe.paymentIntents.create({
    amount: req.body.amount,
    currency: config.currency,
  });
  const order = await Order.create({ items: req.body.items, paymentIntent: intent.id });
  res.status(201).json({ id: order.id, clientSecret: intent.client_secret });
});

module.exports = router;
